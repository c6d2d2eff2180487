import assert from "node:assert/strict";
import { test } from "node:test";
import jsQRModule from "jsqr";
import { encode } from "uqr";
import { totpQrImage } from "./totp-qr.js";

// jsqr is CommonJS with `exports.default`: under NodeNext its default import is that object.
const jsQR = jsQRModule.default;

const URI = "otpauth://totp/cognito-mfa-kit:demo%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=cognito-mfa-kit";

test("the set-up link's QR code, drawn as the page draws it, decodes to the link itself", () => {
  const { src, size } = totpQrImage(URI);
  assert.match(src, /^data:image\/svg\+xml,/);
  const svg = decodeURIComponent(src.slice(src.indexOf(",") + 1));
  assert.ok(size > 0 && svg.includes(`viewBox="0 0 ${size} ${size}"`), `size ${size}`);
  // Rasterise the SVG's own rectangles (uqr draws each dark module as "Mx,yh5v5h-5z").
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)h5v5h-5z/g)) {
    for (let dy = 0; dy < 5; dy++) for (let dx = 0; dx < 5; dx++) pixels.fill(0, ((Number(y) + dy) * size + Number(x) + dx) * 4, ((Number(y) + dy) * size + Number(x) + dx) * 4 + 3);
  }
  assert.equal(jsQR(pixels, size, size)?.data, URI);
});

test("a quiet zone of four modules on each side, as the QR spec asks (scanners need it)", () => {
  const { size } = totpQrImage(URI);
  assert.equal(size, (encode(URI, { ecc: "M", border: 0 }).size + 8) * 5);
});
