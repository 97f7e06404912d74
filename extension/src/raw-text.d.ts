// `import text from './file.md?raw'`: the file's text, bundled (esbuild plugin in build.mjs; Vite in tests).
declare module '*.md?raw' {
  const text: string;
  export default text;
}
