// ESLint (flat config) for the TypeScript side: app/**, migrations/**, scripts/*.ts. `npm run lint`
// runs it with `prettier --check`; `make lint` runs both after clippy. Formatting is Prettier's job
// (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      // Rendered by Codama from idl/ballast.json (`npm run generate`), never edited by hand.
      "app/client/src/generated/**",
      "app/web/dist/**",
      "target/**",
      "test-output/**",
      "**/node_modules/**",
    ],
  },
  {
    files: ["app/**/*.{ts,tsx}", "migrations/**/*.ts", "scripts/*.ts", "eslint.config.js"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `_name` marks an argument or binding kept for its position (a callback's signature, a
      // destructured tuple); anything else unused is a finding.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    files: ["app/web/src/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
);
