export * from './build';
export * from './classify';
export * from './legend';
export * from './model';
export * from './presets';
export * from './ramps';
export * from './resolve';
