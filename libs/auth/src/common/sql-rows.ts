/**
 * TypeORM's Postgres driver returns `[rows, rowCount]` for UPDATE and DELETE and plain `rows`
 * for SELECT and INSERT; this gives the rows of either.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
