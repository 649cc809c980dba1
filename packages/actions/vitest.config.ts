import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'actions', include: ['src/**/*.test.ts'] } });
