export * from './classify';
export * from './model';
export * from './presets';
export * from './ramps';
export * from './resolve';
