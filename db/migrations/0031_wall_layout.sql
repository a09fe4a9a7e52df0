-- A locality's own wall layouts (panels as data: type, query, options, place). A row named like a
-- built-in layout replaces it for this deployment; deleting the row brings the built-in back.
-- The application checks the spec (known panel types, on the grid, no overlaps) before it writes.
create table wall_layout (
  name       text primary key check (name ~ '^[a-z][a-z0-9-]{0,31}$'),
  spec       jsonb not null check (jsonb_typeof(spec) = 'object' and spec->>'name' = name),
  updated_by integer references app_user (id),
  updated_at timestamptz not null default now()
);
