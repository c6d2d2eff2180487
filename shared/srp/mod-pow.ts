import { constants, createDiffieHellman, createPublicKey, publicEncrypt } from "node:crypto";
import { g, N, N_BYTES } from "./group.js";

// Modular exponentiation on the 3072-bit group done by OpenSSL: pure BigInt takes 13-40 ms
// a call, these take about 2-3 ms.

/** Big-endian bytes of a non-negative integer, left-padded to `length` when given. */
export function toBytes(value: bigint, length = 0): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

const fromBytes = (bytes: Buffer): bigint => (bytes.length ? BigInt(`0x${bytes.toString("hex")}`) : 0n);

// One Diffie-Hellman object on the group: setting the private key to e and deriving the public
// key gives g^e mod N. Only generator 2 is cheap to build (other generators are checked, ~1 s).
const groupDh = createDiffieHellman(N_BYTES, Number(g));

/** g^e mod N. */
export function powG(exponent: bigint): bigint {
  const e = reduceExponent(exponent);
  if (e === 0n) return 1n;
  groupDh.setPrivateKey(toBytes(e));
  groupDh.generateKeys();
  return fromBytes(groupDh.getPublicKey());
}

const MODULUS = N_BYTES.toString("base64url");

/**
 * base^e mod N, as a raw RSA public operation (no padding) with modulus N and public exponent
 * e. OpenSSL allows any exponent size for a 3072-bit modulus.
 */
export function modPow(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  const e = reduceExponent(exponent);
  if (e === 0n) return 1n;
  if (b <= 1n) return b;
  const key = createPublicKey({ key: { kty: "RSA", n: MODULUS, e: toBytes(e).toString("base64url") }, format: "jwk" });
  return fromBytes(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, toBytes(b, N_BYTES.length)));
}

/** N is prime, so exponents can be taken mod N-1 (bases here are never multiples of N). */
function reduceExponent(exponent: bigint): bigint {
  if (exponent < 0n) throw new RangeError("negative exponent");
  return exponent >= N - 1n ? exponent % (N - 1n) : exponent;
}

/** Square-and-multiply in BigInt: the slow reference the native versions are tested against. */
export function modPowBigInt(base: bigint, exponent: bigint, modulus: bigint = N): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
