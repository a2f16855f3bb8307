import gdal from 'gdal-async';

/** A shapefile of square polygons in rows and columns: the synthetic layer the benchmarks load. */
export interface SquareGrid {
  path: string;
  layerName: string;
  /** Layer creation options, e.g. ['ENCODING=CP936']. */
  options?: string[];
  epsg?: number;
  rows: number;
  cols: number;
  /** Side of a square, in CRS units, and the lower-left corner of the grid. */
  size: number;
  x0: number;
  y0: number;
  fields: { name: string; type: string }[];
  attributes(row: number, col: number): Record<string, string | number>;
}

export function writeSquareGrid(grid: SquareGrid): void {
  const ds = gdal.open(grid.path, 'w', 'ESRI Shapefile');
  const layer = ds.layers.create(grid.layerName, gdal.SpatialReference.fromEPSG(grid.epsg ?? 4548), gdal.wkbPolygon, grid.options ?? []);
  for (const field of grid.fields) layer.fields.add(new gdal.FieldDefn(field.name, field.type));
  const { size } = grid;
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const x = grid.x0 + c * size;
      const y = grid.y0 + r * size;
      const ring = new gdal.LinearRing();
      ring.points.add([{ x, y }, { x: x + size, y }, { x: x + size, y: y + size }, { x, y: y + size }, { x, y }]);
      const poly = new gdal.Polygon();
      poly.rings.add(ring);
      const f = new gdal.Feature(layer);
      f.fields.set(grid.attributes(r, c));
      f.setGeometry(poly);
      layer.features.add(f);
    }
  }
  ds.close();
}
