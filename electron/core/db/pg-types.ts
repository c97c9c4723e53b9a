import pg from 'pg';

const DATE_OID = 1082;

/**
 * node-postgres turns DATE into a JS Date at local midnight, which shifts the day in any timezone west
 * of UTC; a calendar day stays the 'YYYY-MM-DD' string (kysely-codegen runs with --date-parser string).
 * NUMERIC and INT8 stay strings, as node-postgres returns them: money never becomes a float.
 */
export const synthexPgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID && format !== 'binary'
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
