/** Words of the sign-in / sign-up frame (the forms bring their own). */
export const authStrings = {
  homeLink: "Skyport home",
  backToSite: "Back to the site",
} as const;
