import gdal from 'gdal-async';

// GDAL 3 follows each CRS's authority axis order (EPSG:4326 is lat/lon). Every coordinate in this
// engine is x/y = easting/northing or lon/lat, as in shapefiles, GeoJSON and QGIS, so the whole
// process uses the traditional GIS order. gdal-async has no setAxisMappingStrategy, but GDAL ≥ 3.5
// reads this default for every SpatialReference it creates.
gdal.config.set('OSR_DEFAULT_AXIS_MAPPING_STRATEGY', 'TRADITIONAL_GIS_ORDER');

export { gdal };
