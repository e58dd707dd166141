// better-sqlite3's Database class from its own file, so the bundler can inline the package's JS
// (sqlite.ts); the types are the package's.
declare module "better-sqlite3/lib/database.js" {
  import type BetterSqlite3 from "better-sqlite3";
  const Database: typeof BetterSqlite3;
  export default Database;
}
