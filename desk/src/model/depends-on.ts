// Frappe's `depends_on`, `mandatory_depends_on` and `read_only_depends_on`: one evaluator for the desk and
// the server, which checks the same rules on save (src/model/meta/depends-on.ts).
export { dependsOnHolds, type FieldState, fieldState } from '../../../src/model/meta/depends-on.ts';
