import type { Kysely } from 'kysely';
import { SynthexError } from '../../../shared/contract';
import { indexDefinitionSchema, type IndexDefinition } from '../../../shared/domain/indices';
import type { UserDb } from '../db';

export interface CustomIndexRow {
  id: number;
  name: string;
  definition: IndexDefinition;
  updatedAt: Date;
}

/** `custom-12` ↔ row 12. */
export const customIndexId = (id: number) => `custom-${id}`;
export function customRowId(indexId: string): number | null {
  const match = /^custom-(\d+)$/.exec(indexId);
  return match ? Number(match[1]) : null;
}

function fromRow(row: { id: number; name: string; definition: unknown; updated_at: Date }): CustomIndexRow {
  // Stored definitions were checked on the way in; one that no longer parses (hand-edited) is an error.
  const parsed = indexDefinitionSchema.safeParse(row.definition);
  if (!parsed.success)
    throw new SynthexError('INTERNAL', `The stored definition of index ${row.name} is no longer valid.`);
  return { id: row.id, name: row.name, definition: parsed.data, updatedAt: new Date(row.updated_at) };
}

export async function listCustomIndices(db: Kysely<UserDb>, userId: number): Promise<CustomIndexRow[]> {
  const rows = await db
    .selectFrom('custom_indices')
    .select(['id', 'name', 'definition', 'updated_at'])
    .where('user_id', '=', userId)
    .orderBy('name')
    .execute();
  return rows.map(fromRow);
}

export async function findCustomIndex(
  db: Kysely<UserDb>,
  userId: number,
  id: number,
): Promise<CustomIndexRow | null> {
  const row = await db
    .selectFrom('custom_indices')
    .select(['id', 'name', 'definition', 'updated_at'])
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

const nameTaken = (name: string) =>
  new SynthexError('CONFLICT', `This profile already has an index named “${name}”.`, [
    { path: 'name', message: 'already used by another of your indices' },
  ]);

/** Creates the basket, or replaces the one with `id`; a name already in use is refused, naming the field. */
export async function saveCustomIndex(
  db: Kysely<UserDb>,
  userId: number,
  index: { id: number | null; name: string; definition: IndexDefinition },
): Promise<CustomIndexRow> {
  const values = { name: index.name, definition: JSON.stringify(index.definition), updated_at: new Date() };
  try {
    const row =
      index.id === null
        ? await db
            .insertInto('custom_indices')
            .values({ user_id: userId, ...values })
            .returning(['id', 'name', 'definition', 'updated_at'])
            .executeTakeFirstOrThrow()
        : await db
            .updateTable('custom_indices')
            .set(values)
            .where('user_id', '=', userId)
            .where('id', '=', index.id)
            .returning(['id', 'name', 'definition', 'updated_at'])
            .executeTakeFirst();
    if (!row) throw notFound(customIndexId(index.id ?? 0));
    return fromRow(row);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'custom_indices_user_id_name_key')
      throw nameTaken(index.name);
    throw error;
  }
}

export async function deleteCustomIndex(db: Kysely<UserDb>, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('custom_indices')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function notFound(indexId: string): SynthexError {
  return new SynthexError('NOT_FOUND', `This profile has no index ${indexId}.`);
}
