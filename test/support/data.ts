import { resolve } from 'node:path';

/**
 * The team's public test data lives beside the checkout (`../shared/data`), never inside it.
 * GWZ_TEST_DATA overrides the location for a checkout kept elsewhere.
 */
export const REPO_ROOT = resolve(__dirname, '../..');
export const TEST_DATA = process.env.GWZ_TEST_DATA ?? resolve(REPO_ROOT, '../shared/data');

export function testData(relativePath: string): string {
  return resolve(TEST_DATA, relativePath);
}
