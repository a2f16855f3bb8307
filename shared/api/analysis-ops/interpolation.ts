/** Interpolation (IDW, kriging) of point data: electron/engine/analysis/interpolation/. */
export const interpolationOperations = {} as const;
