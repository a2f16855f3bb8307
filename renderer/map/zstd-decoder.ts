import { decompress } from 'fzstd';
import { addDecoder, BaseDecoder } from 'geotiff';

/**
 * Stored COGs are ZSTD-compressed (io/raster/cog). geotiff.js decodes ZSTD with a WebAssembly build
 * that it fetches from a data: URL — both refused by our Content-Security-Policy (connect-src and no
 * 'wasm-unsafe-eval'). fzstd is the same format in plain JavaScript, so the policy stays as it is.
 */
class FzstdDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return decompress(new Uint8Array(buffer)).buffer;
  }
}

let registered = false;

/** TIFF compression tag 50000 (ZSTD, as GDAL writes it). Idempotent. */
export function registerZstdDecoder(): void {
  if (registered) return;
  registered = true;
  addDecoder(50000, () => Promise.resolve(FzstdDecoder), undefined, false);
}
