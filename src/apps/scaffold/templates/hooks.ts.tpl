import { defineApp } from 'cortado';

export default defineApp({
  name: '{{app_name}}',
  title: '{{app_title}}',
  description: '{{description}}',
  publisher: '{{publisher}}',
  modules: ['{{module_name}}'],
});
