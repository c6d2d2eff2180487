import jsQRModule from "jsqr";
import type { Page } from "playwright-core";

// jsqr is CommonJS with `exports.default`: under NodeNext its default import is that object.
const jsQR = jsQRModule.default;

/**
 * What the QR code image at `selector` says, read the way a phone's camera would: the image as
 * the browser drew it (a page policy that blocked it fails here), its pixels decoded by jsQR, a
 * reader we did not write. Undefined when no QR code is found in it.
 */
export async function qrCodeText(page: Page, selector: string): Promise<string | undefined> {
  const image = await page.locator(selector).evaluate(async (element) => {
    const img = element as HTMLImageElement;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, pixels: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
  });
  return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data;
}
