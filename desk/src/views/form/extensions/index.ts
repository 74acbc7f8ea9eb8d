// Fields of particular DocTypes that get a control of their own instead of the one for their type.
import type { Component } from 'vue';
import ApiKeysControl from './ApiKeysControl.vue';
import RolesControl from './RolesControl.vue';

/** Keyed `<DocType>.<fieldname>`; each takes `field`, `doc`, `disabled` and `labelId`. */
export const fieldExtensions: Readonly<Record<string, Component>> = {
  'User.roles': RolesControl,
  'User.api_key': ApiKeysControl,
};
