import "server-only";
import { AppError } from "@/lib/errors";

export class GatewayNotConfiguredError extends AppError {
  constructor(gateway: string) {
    super("UNAVAILABLE", `${gateway} payments are not configured.`);
  }
}
