export * from './evaluate';
export * from './parse';
export * from './sql';
