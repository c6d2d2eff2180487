// `npm run icons`: renders every app icon the installers need from the one brand mark,
// build/icon.svg. The outputs are committed (they are inputs to packaging), so run this only
// after changing the SVG.
//   build/icons/png/NxN.png  Linux (AppImage, deb) icon set, 16–1024
//   build/icons/icon.ico     Windows (exe resource, NSIS installer)
//   build/icons/icon.icns    macOS (app bundle, dmg)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import png2icons from "png2icons";
import sharp from "sharp";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "build/icon.svg");
const outDir = path.join(root, "build/icons");

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
// Below this size the transparent margin Apple's grid wants costs too many pixels: crop to the tile.
const TIGHT_BELOW = 64;

/** The SVG as drawn (macOS grid margin) or cropped to the tile, for small and Windows icons. */
function variant(svg: string, tight: boolean): Buffer {
  return Buffer.from(tight ? svg.replace('viewBox="0 0 1024 1024"', 'viewBox="88 88 848 848"') : svg);
}

async function render(svg: Buffer, size: number): Promise<Buffer> {
  // density scales the SVG's 1024px canvas so the rasteriser draws at (at least) the target size.
  const density = Math.max(72, Math.ceil((72 * size) / 1024) * 2);
  return sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
}

export async function makeIcons(): Promise<string[]> {
  const svg = await readFile(source, "utf8");
  if (!svg.includes('viewBox="0 0 1024 1024"')) throw new Error(`${source} must keep viewBox="0 0 1024 1024"`);
  await mkdir(path.join(outDir, "png"), { recursive: true });
  const written: string[] = [];
  const write = async (relative: string, data: Buffer) => {
    await writeFile(path.join(outDir, relative), data);
    written.push(relative);
  };

  for (const size of LINUX_SIZES) {
    await write(`png/${size}x${size}.png`, await render(variant(svg, size < TIGHT_BELOW), size));
  }

  // Windows: BMP frames up to 128 and a PNG 256 frame (forWinExe), the layout rcedit expects.
  const ico = png2icons.createICO(await render(variant(svg, true), 1024), png2icons.BICUBIC, 0, false, true);
  if (!ico) throw new Error("png2icons could not create the .ico");
  await write("icon.ico", ico);

  // macOS: all icns sizes 16–1024 from the padded mark (Big Sur style keeps the margin).
  const icns = png2icons.createICNS(await render(variant(svg, false), 1024), png2icons.BICUBIC, 0);
  if (!icns) throw new Error("png2icons could not create the .icns");
  await write("icon.icns", icns);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await makeIcons();
  console.log(`wrote ${written.length} icons to ${path.relative(root, outDir)}/: ${written.join(", ")}`);
}
