import type { AccountPort } from "../cognito/account-port.js";

/** Amplify's `updatePassword`: a wrong old password is NOT_AUTHORIZED, a weak new one INVALID_PASSWORD. */
export async function updatePassword(port: AccountPort, accessToken: string, input: { oldPassword: string; newPassword: string }): Promise<void> {
  await port.changePassword({ accessToken, previousPassword: input.oldPassword, proposedPassword: input.newPassword });
}
