// Vite's `?raw` imports (the browser test reads golden cases as text).
declare module '*?raw' {
  const text: string;
  export default text;
}
