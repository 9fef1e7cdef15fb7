/**
 * A local stand-in for the EU VIES REST API (POST /check-vat-number), answering in its shape: `{ countryCode,
 * vatNumber, requestDate, valid, name, address }`, or when a member state is down `{ actionSucceed: false,
 * errorWrappers: [{ error: "MS_UNAVAILABLE" }] }`. Tests set which numbers are valid and whether it is down.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeVies {
  url: string;
  /** Valid numbers ("DE123456789") and the trader name VIES returns for them. */
  valid: Map<string, string>;
  /** "up" answers; "down" answers MS_UNAVAILABLE; "error" answers HTTP 500; "slow" never answers in time. */
  mode: "up" | "down" | "error" | "slow";
  requests: Array<{ countryCode: string; vatNumber: string }>;
  close(): Promise<void>;
}

export async function startFakeVies(): Promise<FakeVies> {
  const sockets = new Set<import("node:net").Socket>();
  const fake: FakeVies = {
    url: "",
    valid: new Map(),
    mode: "up",
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/check-vat-number")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ actionSucceed: false, errorWrappers: [{ error: "NOT_FOUND" }] }));
        return;
      }
      const body = JSON.parse(raw || "{}") as { countryCode?: string; vatNumber?: string };
      fake.requests.push({ countryCode: String(body.countryCode), vatNumber: String(body.vatNumber) });
      if (fake.mode === "slow") return; // never answers; the client times out
      if (fake.mode === "error") {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      if (fake.mode === "down") {
        res.end(JSON.stringify({ actionSucceed: false, errorWrappers: [{ error: "MS_UNAVAILABLE", message: "The Member State service is unavailable" }] }));
        return;
      }
      const id = `${body.countryCode}${body.vatNumber}`;
      const name = fake.valid.get(id);
      res.end(
        JSON.stringify({
          countryCode: body.countryCode,
          vatNumber: body.vatNumber,
          requestDate: new Date().toISOString(),
          valid: name !== undefined,
          requestIdentifier: "",
          name: name ?? "---",
          address: name ? "Musterstrasse 1, 10115 Berlin" : "---",
          traderName: "",
          traderStreet: "",
          traderPostalCode: "",
          traderCity: "",
          traderCompanyType: "",
          traderNameMatch: "NOT_PROCESSED",
          traderStreetMatch: "NOT_PROCESSED",
          traderPostalCodeMatch: "NOT_PROCESSED",
          traderCityMatch: "NOT_PROCESSED",
          traderCompanyTypeMatch: "NOT_PROCESSED",
        }),
      );
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/taxation_customs/vies/rest-api`;
  return fake;
}
