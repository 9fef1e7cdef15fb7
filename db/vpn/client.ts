import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const vpnDb = () => openDatabase("vpn", schema);
export { schema as vpnSchema };
