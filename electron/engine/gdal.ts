import gdal from 'gdal-async';

// GDAL 3 follows each CRS's authority axis order (EPSG:4326 is lat/lon). Every coordinate in this
// engine is x/y = easting/northing or lon/lat, as in shapefiles, GeoJSON and QGIS, so the whole
// process uses the traditional GIS order. gdal-async has no setAxisMappingStrategy, but GDAL ≥ 3.5
// reads this default for every SpatialReference it creates.
gdal.config.set('OSR_DEFAULT_AXIS_MAPPING_STRATEGY', 'TRADITIONAL_GIS_ORDER');

export { gdal };

// GDAL's block cache defaults to 5 % of physical memory (1.2 GB on a 24 GB machine), which it fills
// while the COG driver or a strip loop reads a large raster: the engine's memory would follow the
// machine's, not the job's. 256 MB holds a full row of 256-px tiles of a 40,000-column Float32
// raster (40 MB) many times over; GDAL_CACHEMAX from the environment still wins.
if (!process.env.GDAL_CACHEMAX) gdal.config.set('GDAL_CACHEMAX', '256');
