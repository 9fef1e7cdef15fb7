/** Where the visitor's light/dark choice is remembered (this browser only). */
export const THEME_STORAGE_KEY = "skyport-theme";

/**
 * Inlined in <head> by app/layout.tsx so a saved choice applies before first paint (no flash of the
 * other theme). Kept in a plain module: a string exported from a "use client" file would reach server
 * components as a client reference, not as the string.
 */
export const themeInitScript = `(function(){try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t;}catch(e){}})();`;
