import type { SVGProps } from "react";

/**
 * The few icons of modules that must not pull in lucide-react: its icon component is a client component with
 * its own runtime, and the error boundaries (loaded on every page) would each carry a copy. Same frame and
 * paths as lucide's icons of the same name (ISC licence), so they look identical next to them.
 */
function strokeIcon(displayName: string, paths: readonly string[]) {
  function Icon(props: SVGProps<SVGSVGElement>) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width="24"
        height="24"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        {...props}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const CloudOffIcon = strokeIcon("CloudOffIcon", [
  "M10.94 5.274A7 7 0 0 1 15.71 10h1.79a4.5 4.5 0 0 1 4.222 6.057",
  "M18.796 18.81A4.5 4.5 0 0 1 17.5 19H9A7 7 0 0 1 5.79 5.78",
  "m2 2 20 20",
]);

export const RotateCcwIcon = strokeIcon("RotateCcwIcon", ["M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8", "M3 3v5h5"]);
