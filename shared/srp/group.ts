import { createHash } from "node:crypto";

/**
 * Cognito's SRP group: the 3072-bit MODP prime of RFC 3526 / RFC 5054 (the one Amplify and
 * amazon-cognito-identity-js carry), generator 2.
 */
const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
/** Bytes of N, big-endian (384). */
export const N_BYTES = Buffer.from(N_HEX, "hex");

/**
 * Cognito's "padHex": the shortest even-length hex of a non-negative integer, with a leading
 * "00" when the top bit is set (a positive two's-complement number). Not a fixed-width pad.
 */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError("padHex takes a non-negative integer");
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

/** A hex string as sent on the wire (SRP_A, SRP_B, SALT), any case, leading zeros allowed. */
export function fromHex(hex: string): bigint {
  if (!/^[0-9a-f]+$/i.test(hex)) throw new RangeError("not a hex string");
  return BigInt(`0x${hex}`);
}

export function sha256(data: string | Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

/** SHA-256 as 64 hex digits. */
export function sha256Hex(data: string | Buffer): string {
  return sha256(data).toString("hex");
}

/** SHA-256 of the bytes a hex string spells, as an integer (how k, u and x are made). */
export function hashOfHex(hex: string): bigint {
  return fromHex(sha256Hex(Buffer.from(hex, "hex")));
}

/** k = H(PAD(N) | PAD(g)). */
export const k = hashOfHex(padHex(N) + padHex(g));

/** u = H(PAD(A) | PAD(B)). */
export function scramblingParameter(A: bigint, B: bigint): bigint {
  return hashOfHex(padHex(A) + padHex(B));
}

/**
 * x = H(PAD(salt) | H(poolName + userId + ":" + password)), hex of the inner hash. For a device
 * the "pool name" is the device group key, the user id the device key and the password the
 * device's random password.
 */
export function privateKeyX(poolName: string, userId: string, password: string, salt: bigint): bigint {
  return hashOfHex(padHex(salt) + sha256Hex(`${poolName}${userId}:${password}`));
}

export const mod = (value: bigint): bigint => ((value % N) + N) % N;
