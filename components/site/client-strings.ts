/**
 * The public site's words that client components need (error boundaries, the 404's way back to an area).
 * Kept apart from `siteStrings` because every client module that imports a strings object ships all of it:
 * the error boundaries are loaded on every page, and importing the whole site copy put it into three of their
 * chunks. `siteStrings` re-exports these, so server code keeps one place to look.
 */
export const clientSiteStrings = {
  brand: "Skyport",
  homeLink: "Skyport home",
  error: {
    title: "Something went wrong",
    text: "We couldn't show this page. It's probably temporary — try again, or come back in a few minutes.",
    retry: "Try again",
    home: "Go to the home page",
    reference: "Error reference",
  },
  notFoundAreas: {
    portal: "Go to your customer portal",
    admin: "Go to the admin dashboard",
  },
} as const;
