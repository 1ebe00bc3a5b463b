#!/usr/bin/env node
// Renders build/icon.svg to the PNG icons electron-builder uses (build/icon.png, 1024 px, for macOS and Windows;
// build/icons/<size>x<size>.png for Linux) with headless Chromium. Run after editing the SVG; commit the PNGs.
//   node build/render-icons.mjs [path-to-chromium]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import console from 'node:console';

const here = fileURLToPath(new URL('.', import.meta.url));
const chromium = process.argv[2] ?? '/usr/bin/chromium';
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'icon-'));
mkdirSync(join(here, 'icons'), { recursive: true });

function render(size, out) {
  const html = join(work, `icon-${size}.html`);
  writeFileSync(html, `<!doctype html><html><body style="margin:0;background:transparent">` +
    `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`);
  execFileSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1',
    '--default-background-color=00000000', `--window-size=${size},${size}`, `--screenshot=${out}`, `file://${html}`,
  ], { stdio: 'ignore' });
  console.log(`wrote ${out}`);
}

render(1024, join(here, 'icon.png'));
for (const size of [16, 32, 48, 64, 128, 256, 512]) render(size, join(here, 'icons', `${size}x${size}.png`));
rmSync(work, { recursive: true, force: true });
