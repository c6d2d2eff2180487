import type { SeedUser } from "../shared/local-cognito/seed-users.js";

/** One SMS-MFA user per concurrent flow: Cognito keeps one open code per user. */
export function benchUsers(count: number): SeedUser[] {
  return Array.from({ length: count }, (_, index) => ({
    username: benchUsername(index),
    password: "Bench-Passw0rd!",
    phoneNumber: `+1555560${String(index).padStart(4, "0")}`,
    mfa: ["SMS"],
    description: "benchmark user",
  }));
}

export function benchUsername(index: number): string {
  return `bench${index}@example.com`;
}
