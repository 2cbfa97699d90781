// What the Better Auth scripts share: their `--name value` arguments and the
// database they open from them (--pg URL | --mysql URL | --sqlite FILE).
import { readFileSync } from "node:fs";

export const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);

export const options = JSON.parse(readFileSync(args.options, "utf8"));

// The database handle Better Auth takes, and how to close it.
export async function openDatabase() {
  if (args.pg) {
    const pg = (await import("pg")).default;
    const database = new pg.Pool({ connectionString: args.pg });
    return { database, close: () => database.end() };
  }
  if (args.mysql) {
    const mysql = await import("mysql2/promise");
    const database = mysql.createPool(args.mysql);
    return { database, close: () => database.end() };
  }
  const Database = (await import("better-sqlite3")).default;
  const database = new Database(args.sqlite);
  return { database, close: async () => database.close() };
}
