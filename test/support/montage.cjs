// Pages side by side in one PNG, to look at a whole report at once (no ImageMagick on the build machines).
// node test/support/montage.cjs out.png page1.png page2.png …
const gdal = require('gdal-async');
const [out, ...files] = process.argv.slice(2);
const ims = files.map((f) => gdal.open(f));
const w = Math.max(...ims.map((d) => d.rasterSize.x));
const h = Math.max(...ims.map((d) => d.rasterSize.y));
const cols = Math.min(5, ims.length);
const rows = Math.ceil(ims.length / cols);
const mem = gdal.open('', 'w', 'MEM', cols * w, rows * h, 3, gdal.GDT_Byte);
for (let b = 1; b <= 3; b++) mem.bands.get(b).fill(128);
ims.forEach((d, k) => {
  const c = k % cols, r = Math.floor(k / cols);
  for (let b = 1; b <= 3; b++) {
    const src = d.bands.get(Math.min(b, d.bands.count()));
    const px = src.pixels.read(0, 0, d.rasterSize.x, d.rasterSize.y);
    mem.bands.get(b).pixels.write(c * w, r * h, d.rasterSize.x, d.rasterSize.y, px);
  }
});
gdal.drivers.get('PNG').createCopy(out, mem).close();
