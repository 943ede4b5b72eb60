import { deflateSync } from 'node:zlib';

/**
 * Product pictures for the demo stores, drawn by code at seed time: nothing is downloaded and no
 * image file lives in the repository. The same product always gets the same pictures (colours
 * and count follow from its SKU), so a reseeded store looks the way it did.
 */

/** What a demo store sells, so its pictures look like it: set per store in `tenants/<slug>.json`. */
export type DemoArt = 'shoe' | 'book' | 'parcel';

export const DEMO_IMAGE_WIDTH = 640;
export const DEMO_IMAGE_HEIGHT = 480;
// Drawn this many times larger and averaged down: smooth edges without an anti-aliasing rasteriser.
const SUPERSAMPLE = 2;

type Rgb = readonly [number, number, number];

/** A small RGB raster with the few shapes the pictures need, in picture coordinates (0..640, 0..480). */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    private readonly scale: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  private set(x: number, y: number, c: Rgb) {
    const i = (y * this.width + x) * 3;
    this.pixels[i] = c[0];
    this.pixels[i + 1] = c[1];
    this.pixels[i + 2] = c[2];
  }

  /** Fills every pixel whose centre `inside` accepts, within the box (picture coordinates). */
  fill(box: { x0: number; y0: number; x1: number; y1: number }, c: Rgb, inside: (x: number, y: number) => boolean) {
    const s = this.scale;
    const xs = Math.max(0, Math.floor(box.x0 * s));
    const xe = Math.min(this.width, Math.ceil(box.x1 * s));
    const ys = Math.max(0, Math.floor(box.y0 * s));
    const ye = Math.min(this.height, Math.ceil(box.y1 * s));
    for (let py = ys; py < ye; py++) {
      for (let px = xs; px < xe; px++) if (inside((px + 0.5) / s, (py + 0.5) / s)) this.set(px, py, c);
    }
  }

  gradient(top: Rgb, bottom: Rgb) {
    for (let py = 0; py < this.height; py++) {
      const t = py / (this.height - 1);
      const c: Rgb = [mix(top[0], bottom[0], t), mix(top[1], bottom[1], t), mix(top[2], bottom[2], t)];
      for (let px = 0; px < this.width; px++) this.set(px, py, c);
    }
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb, radius = 0) {
    const r = Math.min(radius, w / 2, h / 2);
    this.fill({ x0: x, y0: y, x1: x + w, y1: y + h }, c, (px, py) => {
      const dx = Math.max(x + r - px, px - (x + w - r), 0);
      const dy = Math.max(y + r - py, py - (y + h - r), 0);
      return px >= x && px < x + w && py >= y && py < y + h && dx * dx + dy * dy <= r * r;
    });
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, c: Rgb) {
    this.fill({ x0: cx - rx, y0: cy - ry, x1: cx + rx, y1: cy + ry }, c, (px, py) => ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1);
  }

  polygon(points: readonly (readonly [number, number])[], c: Rgb) {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.fill({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }, c, (px, py) => {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i]!;
        const [xj, yj] = points[j]!;
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    });
  }

  /** Capital letters and digits from a 5×7 bitmap font, `size` picture pixels per dot. */
  text(text: string, x: number, y: number, size: number, c: Rgb) {
    let left = x;
    for (const ch of text) {
      const rows = GLYPHS[ch];
      for (const [r, row] of (rows ?? []).entries()) {
        for (const [col, dot] of [...row].entries()) if (dot === '#') this.rect(left + col * size, y + r * size, size * 0.92, size * 0.92, c, size * 0.2);
      }
      left += 6 * size;
    }
  }
}

/** Width of `text` drawn by `Canvas.text` at `size`. */
const textWidth = (text: string, size: number) => text.length * 6 * size - size;

const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);
const shade = (c: Rgb, t: number): Rgb =>
  t >= 0 ? [mix(c[0], 255, t), mix(c[1], 255, t), mix(c[2], 255, t)] : [mix(c[0], 0, -t), mix(c[1], 0, -t), mix(c[2], 0, -t)];

/** Near-white on a dark colour, near-black on a light one (relative luminance, roughly). */
const legibleOn = (c: Rgb): Rgb => (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] > 150 ? shade(c, -0.75) : shade(c, 0.9));

/** An HSL colour (h in degrees, s and l in 0..1) as RGB bytes. */
function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

/** FNV-1a: a stable number from a SKU, for colours and picture count. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** "Trail Runner" → "TR"; at most two letters or digits, from the first two words. */
export function initials(name: string): string {
  const words = name.toUpperCase().match(/[A-Z0-9]+/g) ?? ['?'];
  return words
    .slice(0, 2)
    .map((w) => w[0])
    .join('');
}

function drawShoe(canvas: Canvas, main: Rgb, accent: Rgb, facingLeft: boolean) {
  const f = (x: number) => (facingLeft ? 640 - x : x);
  const pts = (list: [number, number][]) => list.map(([x, y]) => [f(x), y] as const);
  canvas.ellipse(320, 372, 230, 22, shade(main, 0.45)); // its shadow
  // Upper: heel at the left, toe at the right, a collar dip where the foot goes in.
  canvas.polygon(
    pts([
      [120, 340],
      [128, 230],
      [150, 196],
      [205, 188],
      [250, 232],
      [300, 242],
      [340, 236],
      [420, 262],
      [500, 286],
      [540, 310],
      [548, 340],
    ]),
    main,
  );
  canvas.ellipse(f(500), 318, 52, 30, main);
  canvas.polygon(
    pts([
      [150, 200],
      [205, 192],
      [246, 232],
      [200, 236],
      [160, 226],
    ]),
    shade(main, -0.35),
  );
  // A stripe and laces in the accent colour.
  canvas.polygon(
    pts([
      [230, 330],
      [300, 262],
      [335, 262],
      [275, 330],
    ]),
    accent,
  );
  for (let i = 0; i < 4; i++) canvas.rect(f(300 + i * 34) - (facingLeft ? 22 : 0), 246 + i * 8, 22, 7, shade(accent, 0.5), 3);
  // Sole.
  canvas.rect(108, 336, 450, 26, shade(main, 0.82), 12);
  canvas.rect(108, 352, 450, 12, shade(accent, -0.45), 6);
}

function drawBook(canvas: Canvas, main: Rgb, accent: Rgb, label: string, tilt: boolean) {
  const x = tilt ? 200 : 215;
  canvas.rect(x + 14, 78, 230, 322, shade(main, -0.6), 10); // its shadow
  // Pages peeking out, then the cover and its spine.
  canvas.rect(x + 10, 72, 226, 316, [246, 240, 226], 6);
  canvas.rect(x - 6, 64, 230, 318, main, 8);
  canvas.rect(x - 6, 64, 26, 318, shade(main, -0.3), 8);
  canvas.rect(x + 40, 110, 150, 4, accent);
  canvas.rect(x + 40, 300, 150, 4, accent);
  const size = label.length > 1 ? 11 : 14;
  canvas.text(label, x + 115 - textWidth(label, size) / 2, 168, size, legibleOn(main));
}

function drawParcel(canvas: Canvas, main: Rgb, accent: Rgb) {
  canvas.rect(180, 150, 280, 220, main);
  canvas.polygon(
    [
      [180, 150],
      [230, 100],
      [510, 100],
      [460, 150],
    ],
    shade(main, 0.25),
  );
  canvas.polygon(
    [
      [460, 150],
      [510, 100],
      [510, 320],
      [460, 370],
    ],
    shade(main, -0.25),
  );
  canvas.rect(305, 150, 30, 220, accent);
  canvas.polygon(
    [
      [305, 150],
      [355, 100],
      [385, 100],
      [335, 150],
    ],
    shade(accent, 0.25),
  );
}

/** Picture `view` (0-based) of a product: the item, the item from the other side, its initials. */
function draw(art: DemoArt, product: { sku: string; name: string }, view: number): Canvas {
  const canvas = new Canvas(DEMO_IMAGE_WIDTH * SUPERSAMPLE, DEMO_IMAGE_HEIGHT * SUPERSAMPLE, SUPERSAMPLE);
  const h = hash(product.sku);
  const hue = h % 360;
  const main = hsl(hue, 0.55, 0.5);
  const accent = hsl((hue + 150 + ((h >>> 9) % 60)) % 360, 0.65, 0.55);
  const label = initials(product.name);
  if (view === 2) {
    canvas.gradient(main, shade(main, -0.35));
    const size = 24;
    canvas.text(label, 320 - textWidth(label, size) / 2, 240 - (7 * size) / 2, size, legibleOn(main));
    return canvas;
  }
  canvas.gradient(hsl(hue, 0.35, 0.95), hsl((hue + 30) % 360, 0.3, 0.85));
  if (art === 'shoe') drawShoe(canvas, main, accent, view === 1);
  else if (art === 'book') drawBook(canvas, main, accent, label, view === 1);
  else drawParcel(canvas, main, accent);
  return canvas;
}

/** Averages each SUPERSAMPLE×SUPERSAMPLE block into one pixel. */
function downsample(canvas: Canvas): Uint8Array {
  const w = DEMO_IMAGE_WIDTH;
  const out = new Uint8Array(w * DEMO_IMAGE_HEIGHT * 3);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < DEMO_IMAGE_HEIGHT; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let dy = 0; dy < SUPERSAMPLE; dy++) {
          for (let dx = 0; dx < SUPERSAMPLE; dx++) sum += canvas.pixels[((y * SUPERSAMPLE + dy) * canvas.width + x * SUPERSAMPLE + dx) * 3 + ch]!;
        }
        out[(y * w + x) * 3 + ch] = Math.round(sum / n);
      }
    }
  }
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of `rgb` (rows top to bottom, no filtering: flat colours deflate well anyway). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** How many pictures a product gets: 1 to 3, fixed by its SKU. */
export function demoImageCount(sku: string): number {
  return 1 + (hash(`${sku}#count`) % 3);
}

/** The product's demo pictures as PNG files. */
export function demoImages(art: DemoArt, product: { sku: string; name: string }): Uint8Array[] {
  return Array.from({ length: demoImageCount(product.sku) }, (_, view) => encodePng(DEMO_IMAGE_WIDTH, DEMO_IMAGE_HEIGHT, downsample(draw(art, product, view))));
}

// prettier-ignore
const GLYPHS: Record<string, readonly string[]> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.###.'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['.###.', '#....', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '....#', '.###.'],
  '?': ['.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..'],
};
