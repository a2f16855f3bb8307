#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: system packages, npm ci (native modules built against
# Debian's GDAL and SpatiaLite), the build, then the demo project as a smoke test of the main job.
#   bash scripts/setup.sh            set up and build the demo project (demo/fuzhou-demo.gwz)
#   bash scripts/setup.sh --no-demo  set up only (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libgdal-dev gdal-bin python3-gdal          # gdal-async builds against it; ogrinfo/gdalinfo check our output
  libsqlite3-mod-spatialite spatialite-bin   # mod_spatialite for the project file
  chromium                                   # browser mode + Playwright end-to-end tests
  fonts-noto-cjk                             # Chinese text in the UI, maps and screenshots
  poppler-utils                              # pdftoppm/pdftotext to look at exported PDFs
  unzip                                      # the tests open exported DOCX/KMZ/ZIP parts
  grass-core                                 # peer for hydrology/raster correctness tests and benchmarks
  r-cran-gstat                               # R gstat: peer for kriging and variogram tests
  libreoffice-writer-nogui                   # the report's PDF (DOCX → PDF), and its test
  g++ make python3                           # node-gyp
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== npm ci (builds better-sqlite3 and gdal-async from source; about 5 minutes on 2 cores)"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export npm_config_build_from_source=true
export npm_config_shared_gdal=true
npm ci --no-audit --no-fund

echo "== build"
npm run build

if [ "${1:-}" != "--no-demo" ]; then
  echo "== demo: demo/fuzhou-demo.gwz (抚州市示范工程, sample data)"
  mkdir -p demo
  node scripts/gwz.cjs demo demo/fuzhou-demo.gwz --overwrite
  echo "== main job: key-zone delineation (重点区划定) on the demo, then its map"
  node scripts/gwz.cjs keyzones demo/fuzhou-demo.gwz --init-config demo/keyzones.json
  node scripts/gwz.cjs keyzones demo/fuzhou-demo.gwz --config demo/keyzones.json
  node scripts/gwz.cjs export map demo/fuzhou-demo.gwz --layers 数字高程模型,水系,县级行政区,重点区划定结果 \
    --title 抚州市地下水污染防治重点区划定图（示例数据） --out demo/重点区划定图.pdf --overwrite
  cat <<EOF2

完成 Done. 打开示范工程 / to open the demo project:
  浏览器模式 Browser mode:  npm run web   → open the printed http://127.0.0.1:… address,
                            工程 → 打开工程, path: $(pwd)/demo/fuzhou-demo.gwz
  命令行 CLI:               npx gwz info demo/fuzhou-demo.gwz
  重点区划定图 Key-zone map: demo/重点区划定图.pdf
  桌面版 Desktop app:       built on a machine with internet access (docs/desktop.md); 工程 → 打开工程
EOF2
fi
