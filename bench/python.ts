/**
 * Python blocks in Node (`node bench/python.ts`): Pyodide's cold start with the locked
 * wheels installed and SQLAlchemy imported, the first ORM block on a page (models,
 * create_all, an insert and a commit) and a later ORM block, each the median of a few
 * fresh runs. The browser budgets of issue 11 need the browser side, which is not built yet.
 */
import { pgliteDataDir } from '../src/node/sql/datadir.ts';
import { NodeDatabase } from '../src/node/sql/node-database.ts';
import { loadNodePython } from '../src/node/python/load.ts';
import { ensureWheels } from '../src/node/python/wheels.ts';

const TRIALS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const FIRST = `from sqlalchemy import create_engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session
engine = create_engine("postgresql://localhost/app")
class Base(DeclarativeBase): pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    profile: Mapped["Profile"] = relationship(back_populates="user", uselist=False, cascade="all, delete-orphan")
class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    user: Mapped[User] = relationship(back_populates="profile")
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add(User(name="ann", profile=Profile()))
    s.commit()
`;
const LATER = `with Session(engine) as s:
    u = s.scalars(select(User).where(User.name == "ann")).one()
    u.name = "anna"
    s.commit()
`;

const wheels = await ensureWheels();
if (!('wheels' in wheels)) throw new Error(wheels.warning);
const cold: number[] = [];
const first: number[] = [];
const later: number[] = [];
const dataDir = await pgliteDataDir();
for (let i = 0; i < TRIALS; i++) {
  let at = performance.now();
  const python = await loadNodePython(wheels.wheels.map((w) => w.path));
  cold.push(performance.now() - at);
  const node = await NodeDatabase.boot(dataDir);
  const db = python.database(node.db);
  at = performance.now();
  const one = await db.run(FIRST, 1);
  first.push(performance.now() - at);
  at = performance.now();
  const two = await db.run(LATER, 30);
  later.push(performance.now() - at);
  if (one.error || two.error) throw new Error(JSON.stringify(one.error ?? two.error));
  await node.close();
}
console.log(`| measure (median of ${TRIALS}) | ms |\n| --- | ---: |`);
console.log(`| Pyodide loaded, wheels installed, vault_kb (SQLAlchemy, pg8000) imported | ${median(cold).toFixed(0)} |`);
console.log(`| first ORM block (two models, create_all, insert, commit) | ${median(first).toFixed(0)} |`);
console.log(`| later ORM block (select, update, commit) | ${median(later).toFixed(0)} |`);
