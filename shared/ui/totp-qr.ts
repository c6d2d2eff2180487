import { renderSVG } from "uqr";

/** How big the QR code is drawn: pixels per module; with the 4-module quiet zone the spec asks for. */
const PIXELS_PER_MODULE = 5;
const QUIET_ZONE_MODULES = 4;

/**
 * The authenticator set-up link (`otpauth://totp/…?secret=…`) as a QR code an app scans, as an
 * `<img>` source: a `data:` URL of an SVG, so no markup is parsed into the page (the desktop
 * app's Content-Security-Policy allows `data:` images and nothing else from outside). Error
 * correction M, as authenticator apps' own examples use. Shown beside the secret key and the
 * link, never instead of them: a QR code is not readable by a screen reader.
 */
export function totpQrImage(setupUri: string): { src: string; size: number } {
  const svg = renderSVG(setupUri, { ecc: "M", border: QUIET_ZONE_MODULES, pixelSize: PIXELS_PER_MODULE });
  // The SVG says its size only in its viewBox ("0 0 w h"); the <img> is given it too.
  const size = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1] ?? 0);
  return { src: `data:image/svg+xml,${encodeURIComponent(svg)}`, size };
}
