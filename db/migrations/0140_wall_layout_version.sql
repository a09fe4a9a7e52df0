-- Stored wall layouts carry the version of the layout format they were written in (the
-- application migrates an older one on the way out, and shows the administrator one it cannot).
-- Rows written before versions are version 1.
update wall_layout set spec = jsonb_set(spec, '{version}', '1') where not (spec ? 'version');
alter table wall_layout add constraint wall_layout_version
  check (case when jsonb_typeof(spec->'version') = 'number' then (spec->>'version')::numeric >= 1 else false end);
