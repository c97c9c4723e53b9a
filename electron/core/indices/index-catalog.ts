import type { Kysely } from 'kysely';
import type { IndexDefinition, IndexSummary } from '../../../shared/domain/indices';
import { builtInIndex, builtInIndices, describeDefinition } from '../../../shared/indices/built-in-indices';
import type { UniverseSnapshot } from '../../../shared/domain/universe';
import type { UserDb } from '../db';
import { SynthexError } from '../../../shared/contract';
import {
  customIndexId,
  customRowId,
  findCustomIndex,
  listCustomIndices,
  type CustomIndexRow,
} from './custom-index-repository';

export interface CatalogIndex {
  id: string;
  name: string;
  builtIn: boolean;
  definition: IndexDefinition;
  updatedAt: Date | null;
}

/** A basket's coins that the snapshot does not list (rules cannot miss coins: they pick from it). */
export function missingSymbols(definition: IndexDefinition, snapshot: UniverseSnapshot | null): string[] {
  if (definition.kind !== 'basket' || !snapshot) return [];
  const listed = new Set(snapshot.assets.map((asset) => asset.symbol));
  return definition.legs.map((leg) => leg.symbol).filter((symbol) => !listed.has(symbol));
}

export function summarise(index: CatalogIndex, snapshot: UniverseSnapshot | null): IndexSummary {
  return {
    id: index.id,
    name: index.name,
    builtIn: index.builtIn,
    description: describeDefinition(index.definition),
    definition: index.definition,
    missingSymbols: missingSymbols(index.definition, snapshot),
    updatedAt: index.updatedAt?.toISOString() ?? null,
  };
}

export const fromCustomRow = (row: CustomIndexRow): CatalogIndex => ({
  id: customIndexId(row.id),
  name: row.name,
  builtIn: false,
  definition: row.definition,
  updatedAt: row.updatedAt,
});

/** The six built-ins, then the profile's own indices by name. */
export async function listCatalog(db: Kysely<UserDb>, userId: number | null): Promise<CatalogIndex[]> {
  const builtIns: CatalogIndex[] = builtInIndices.map((index) => ({
    id: index.id,
    name: index.name,
    builtIn: true,
    definition: index.definition,
    updatedAt: null,
  }));
  const custom = userId === null ? [] : (await listCustomIndices(db, userId)).map(fromCustomRow);
  return [...builtIns, ...custom];
}

/** A built-in by id, or one of the profile's own; NOT_FOUND with the id otherwise. */
export async function findCatalogIndex(
  db: Kysely<UserDb>,
  userId: number | null,
  indexId: string,
): Promise<CatalogIndex> {
  const builtIn = builtInIndex(indexId);
  if (builtIn)
    return {
      id: builtIn.id,
      name: builtIn.name,
      builtIn: true,
      definition: builtIn.definition,
      updatedAt: null,
    };
  const rowId = customRowId(indexId);
  const row = rowId !== null && userId !== null ? await findCustomIndex(db, userId, rowId) : null;
  if (!row) throw notFound(indexId);
  return fromCustomRow(row);
}

function notFound(indexId: string): SynthexError {
  return new SynthexError(
    'NOT_FOUND',
    `There is no index “${indexId}”: use a built-in id (${builtInIndices.map((i) => i.id).join(', ')}) or one of this profile’s own indices.`,
  );
}
