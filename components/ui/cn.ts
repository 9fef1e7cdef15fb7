import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. There is no tailwind-merge here: components put caller classes last and avoid
 * setting the same property twice, so overrides stay predictable without a runtime merger.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
