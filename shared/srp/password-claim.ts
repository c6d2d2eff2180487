import { createHmac, timingSafeEqual } from "node:crypto";
import { padHex } from "./group.js";

const INFO = Buffer.concat([Buffer.from("Caldera Derived Key", "utf8"), Buffer.from([1])]);

/**
 * The 16-byte key both sides derive from S: one HKDF-SHA256 block with salt PAD(u), input
 * PAD(S) and info "Caldera Derived Key".
 */
export function derivedKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex")).update(Buffer.from(padHex(S), "hex")).digest();
  return createHmac("sha256", prk).update(INFO).digest().subarray(0, 16);
}

export interface PasswordClaimInput {
  /** The pool name (the user pool id after "_"), or the device group key for a device. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the device key for a device. */
  userId: string;
  /** SECRET_BLOCK as Cognito sent it (Base64). */
  secretBlock: string;
  /** TIMESTAMP, in Cognito's format (see `cognitoTimestamp`). */
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE = Base64(HMAC-SHA256(key, poolName | userId | SECRET_BLOCK bytes | TIMESTAMP)). */
export function passwordClaimSignature(key: Buffer, claim: PasswordClaimInput): string {
  return createHmac("sha256", key)
    .update(Buffer.from(claim.poolName, "utf8"))
    .update(Buffer.from(claim.userId, "utf8"))
    .update(Buffer.from(claim.secretBlock, "base64"))
    .update(Buffer.from(claim.timestamp, "utf8"))
    .digest("base64");
}

/** Compares a sent signature with the expected one in constant time. */
export function signaturesMatch(expected: string, sent: unknown): boolean {
  if (typeof sent !== "string") return false;
  const a = Buffer.from(expected, "base64");
  const b = Buffer.from(sent, "base64");
  return a.length === b.length && timingSafeEqual(a, b);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (value: number) => String(value).padStart(2, "0");

/** Cognito's TIMESTAMP: "Tue Nov 25 10:03:00 UTC 2026" (UTC; the day of the month not padded). */
export function cognitoTimestamp(date: Date = new Date()): string {
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}

/** The time a TIMESTAMP names, or undefined when it is not in Cognito's format. */
export function parseCognitoTimestamp(timestamp: unknown): Date | undefined {
  if (typeof timestamp !== "string") return undefined;
  const match = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(timestamp);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2]!);
  if (month < 0) return undefined;
  const date = new Date(Date.UTC(Number(match[7]), month, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
  return cognitoTimestamp(date) === timestamp ? date : undefined;
}
