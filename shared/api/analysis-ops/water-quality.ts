/** Water quality (GB/T 14848 classes, trends): electron/engine/analysis/water-quality/. */
export const waterQualityOperations = {} as const;
