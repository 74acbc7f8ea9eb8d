# {{app_title}}

{{description}}

A Cortado app. On a bench:

```sh
cortado --site <site> install-app {{app_name}}
cortado --site <site> migrate
```

## Develop

- `{{app_name}}/hooks.ts` declares the app (`defineApp`): its modules, hooks and desk scripts.
- DocTypes live in `{{app_name}}/<module>/doctype/<doctype>/`: the DocType's JSON and its controller (`.ts`).
- Whitelisted functions (`whitelist(...)`) answer at `/api/method/{{app_name}}.<path>.<function>`.
- `npm run typecheck` checks the types; `npm test` runs the tests (`*.test.ts`) on a temporary site.

## License

{{license}}
