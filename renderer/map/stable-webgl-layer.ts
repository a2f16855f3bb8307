import type { FrameState } from 'ol/Map';
import { getHeight, getWidth, type Extent } from 'ol/extent';
import WebGLVectorLayer from 'ol/layer/WebGLVector';
import WebGLVectorLayerRenderer from 'ol/renderer/webgl/VectorLayer';
import type VectorSource from 'ol/source/Vector';

/**
 * OpenLayers' WebGL vector renderer rebuilds every buffer of the layer after each pan or zoom (it
 * keeps vertices relative to the view for float32 precision). For 200 000 polygons that rebuild is
 * seconds of main-thread work at every moveend — the frames a person notices. Float32 in clip space
 * stays sub-pixel for a view within a few screens of, and a zoom within 8× of, the one the buffers
 * were built for, so this renderer rebuilds only past that (or when the features change) and in
 * between only asks the source for what the new view needs.
 */
const MAX_ZOOM_RATIO = 8;
const MAX_SHIFT_SCREENS = 3;

interface RendererInternals {
  previousExtent_: Extent | null;
  sourceRevision_: number;
}

class StableVectorRenderer extends WebGLVectorLayerRenderer {
  private builtFor: { extent: Extent; resolution: number } | null = null;

  override prepareFrameInternal(frameState: FrameState): boolean {
    const self = this as unknown as RendererInternals;
    const layer = this.getLayer() as unknown as WebGLVectorLayer<VectorSource>;
    const source = layer.getSource();
    const extent = frameState.extent;
    const resolution = frameState.viewState.resolution;
    const interacting = frameState.viewHints[0]! > 0 || frameState.viewHints[1]! > 0;
    if (source && extent && this.builtFor && !interacting && source.getRevision() <= self.sourceRevision_) {
      const built = this.builtFor;
      const ratio = Math.max(resolution / built.resolution, built.resolution / resolution);
      const [x0, y0, x1, y1] = extent as [number, number, number, number];
      const [bx0, by0, bx1, by1] = built.extent as [number, number, number, number];
      const dx = Math.abs((x0 + x1 - bx0 - bx1) / 2) / getWidth(extent);
      const dy = Math.abs((y0 + y1 - by0 - by1) / 2) / getHeight(extent);
      if (ratio < MAX_ZOOM_RATIO && dx < MAX_SHIFT_SCREENS && dy < MAX_SHIFT_SCREENS) {
        // keep the buffers: tell the base class nothing moved, but still load what the view shows
        self.previousExtent_ = extent.slice();
        source.loadFeatures(extent, resolution, frameState.viewState.projection);
        return super.prepareFrameInternal(frameState);
      }
    }
    const before = self.previousExtent_;
    const result = super.prepareFrameInternal(frameState);
    if (extent && self.previousExtent_ !== before) this.builtFor = { extent: extent.slice(), resolution };
    return result;
  }
}

/** WebGLVectorLayer whose buffers survive ordinary pans and zooms; hit detection off (identify asks the engine). */
export class StableWebGLVectorLayer extends WebGLVectorLayer<VectorSource> {
  override createRenderer(): WebGLVectorLayerRenderer {
    const self = this as unknown as { style_: unknown; styleVariables_: unknown };
    return new StableVectorRenderer(this as never, {
      style: self.style_ as never,
      variables: self.styleVariables_ as never,
      disableHitDetection: true,
    });
  }
}
