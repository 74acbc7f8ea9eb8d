[pre_model_sync]
# Patches that run before the app's DocTypes are synced, one module path a line, e.g.
# {{app_name}}.{{app_name}}.patches.v0_1.rename_old_field

[post_model_sync]
# Patches that run after the sync (most patches belong here).
