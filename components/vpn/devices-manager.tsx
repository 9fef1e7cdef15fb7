"use client";
/**
 * The customer's devices: add (browser-made key by default), config per location as a file and a QR code,
 * rename, disable/enable, rotate key, delete. Private keys made here live only in this tab's memory.
 */
import QRCode from "qrcode";
import { useEffect, useRef, useState, useTransition } from "react";
import {
  addDeviceAction,
  deleteDeviceAction,
  deviceConfigAction,
  deviceConfigZipAction,
  renameDeviceAction,
  rotateDeviceKeyAction,
  setDeviceEnabledAction,
} from "@/app/portal/devices/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/errors";
import { formatBytes } from "./format";
import { base64ToBytes, downloadBlob, downloadText, generateBrowserKeyPair, type BrowserKeyPair } from "./browser-keys";

export interface ClientDevice {
  id: string;
  name: string;
  platform: string;
  keyMode: "browser" | "server";
  publicKey: string;
  ipv4: string;
  status: "active" | "disabled";
  disabledReason: string | null;
  online: boolean;
  lastHandshake: string | null;
  lastLocation: string | null;
  usageBytes: number;
}

export interface ClientLocation {
  slug: string;
  name: string;
  city: string;
  countryCode: string;
  recommended: boolean;
  vip: boolean;
}

const PLATFORMS = [
  { value: "windows", label: "Windows" },
  { value: "macos", label: "macOS" },
  { value: "linux", label: "Linux" },
  { value: "ios", label: "iPhone / iPad" },
  { value: "android", label: "Android" },
  { value: "other", label: "Other" },
];

function errorOf(result: ActionResult<unknown> | null): string | undefined {
  if (!result || result.ok) return undefined;
  // A field error says what is wrong ("That password isn't right"); the form-level text is only a summary.
  return Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.formError;
}

const LIMIT_PATTERN = /allows \d+ (active )?devices?/;

export function DevicesManager({
  devices,
  locations,
  canAdd,
  deviceLimit,
  upgradeHref,
}: {
  devices: ClientDevice[];
  locations: ClientLocation[];
  canAdd: boolean;
  deviceLimit: number;
  upgradeHref: string;
}) {
  // Private keys made in this tab, by device id: memory only, gone on reload (the page says so).
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<string | null>(null);
  const remember = (deviceId: string, privateKey: string) => setKeys((k) => ({ ...k, [deviceId]: privateKey }));

  return (
    <div className="grid gap-6">
      {canAdd && (
        <AddDeviceCard
          onAdded={(id, privateKey) => {
            if (privateKey) remember(id, privateKey);
            setOpen(id);
          }}
          upgradeHref={upgradeHref}
        />
      )}
      {devices.length > 0 && (
        <section aria-labelledby="devices-title" className="grid gap-3">
          <h2 id="devices-title" className="text-lg font-semibold text-fg">
            Your devices{" "}
            <span className="text-sm font-normal text-muted">
              ({devices.filter((d) => d.status === "active").length} of {deviceLimit} in use)
            </span>
          </h2>
          <ul className="grid gap-3">
            {devices.map((d) => (
              <DeviceItem
                key={d.id}
                device={d}
                locations={locations}
                privateKey={keys[d.id] ?? null}
                onKey={(k) => remember(d.id, k)}
                expanded={open === d.id}
                onToggle={() => setOpen(open === d.id ? null : d.id)}
                upgradeHref={upgradeHref}
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function AddDeviceCard({ onAdded, upgradeHref }: { onAdded: (id: string, privateKey: string | null) => void; upgradeHref: string }) {
  const [mode, setMode] = useState<"browser" | "server">("browser");
  const [pair, setPair] = useState<BrowserKeyPair | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const pairs = useRef(new Map<string, string>());

  const newPair = async () => {
    try {
      const p = await generateBrowserKeyPair();
      pairs.current.set(p.publicKey, p.privateKey);
      setPair(p);
      setKeyError(null);
    } catch {
      setKeyError("This browser can't make WireGuard keys. Use a current Chrome, Edge, Firefox or Safari, or let Skyport keep the key.");
    }
  };
  useEffect(() => {
    void newPair();
  }, []);

  const form = useServerAction(addDeviceAction, {
    onSuccess: (data, el) => {
      onAdded(data.id, data.keyMode === "browser" ? (pairs.current.get(data.publicKey) ?? null) : null);
      el?.reset();
      setMode("browser");
      void newPair();
    },
  });
  const limitReached = form.result && !form.result.ok && LIMIT_PATTERN.test(form.result.formError ?? "");

  return (
    <Card as="section" aria-labelledby="add-device-title">
      <CardHeader>
        <CardTitle id="add-device-title">Add a device</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
          {limitReached ? (
            <Alert tone="warning" live title="Device limit reached" action={<ButtonLink href={upgradeHref} size="sm">Upgrade your plan</ButtonLink>}>
              {form.result && !form.result.ok ? form.result.formError : null}
            </Alert>
          ) : (
            <FormError result={form.result} />
          )}
          {form.fieldError("publicKey") && (
            <Alert tone="danger" live>
              {form.fieldError("publicKey")}
            </Alert>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Device name" name="name" error={form.fieldError("name")} hint="For example “Anna's laptop”." required>
              <Input name="name" maxLength={50} required autoComplete="off" />
            </FormField>
            <FormField label="Platform" name="platform" error={form.fieldError("platform")}>
              <Select name="platform" options={PLATFORMS} defaultValue="other" />
            </FormField>
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium text-fg">Key</legend>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="keyMode" value="browser" checked={mode === "browser"} onChange={() => setMode("browser")} className="mt-1" />
              <span>
                <span className="font-medium text-fg">Make the key in this browser (recommended)</span>
                <span className="block text-muted">
                  The private key never leaves this browser: Skyport only receives the public key. Download the configuration right after
                  adding; the key is not stored, so getting a configuration again later means making a new key.
                </span>
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="keyMode" value="server" checked={mode === "server"} onChange={() => setMode("server")} className="mt-1" />
              <span>
                <span className="font-medium text-fg">Let Skyport keep the key so I can re-download</span>
                <span className="block text-muted">Skyport stores the private key encrypted; showing it again asks for your password.</span>
              </span>
            </label>
          </fieldset>
          <input type="hidden" name="publicKey" value={mode === "browser" ? (pair?.publicKey ?? "") : ""} readOnly />
          {mode === "browser" && pair && (
            <p className="text-xs break-all text-muted">
              Public key: <code data-testid="new-public-key">{pair.publicKey}</code>
            </p>
          )}
          {keyError && <Alert tone="warning">{keyError}</Alert>}
          <div>
            <Button type="submit" loading={form.pending} disabled={mode === "browser" && !pair}>
              Add device
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

function DeviceItem({
  device,
  locations,
  privateKey,
  onKey,
  expanded,
  onToggle,
  upgradeHref,
}: {
  device: ClientDevice;
  locations: ClientLocation[];
  privateKey: string | null;
  onKey: (privateKey: string) => void;
  expanded: boolean;
  onToggle: () => void;
  upgradeHref: string;
}) {
  const [renaming, setRenaming] = useState(false);
  const confirm = useDisclosure();
  const rename = useServerAction(renameDeviceAction, { onSuccess: () => setRenaming(false) });
  const toggle = useServerAction(setDeviceEnabledAction);
  const remove = useServerAction(deleteDeviceAction, { onSuccess: () => confirm.onClose() });
  const headingId = `device-${device.id}`;
  const error = errorOf(toggle.result) ?? errorOf(remove.result);

  return (
    <li>
      <Card as="article" aria-labelledby={headingId} data-testid="device-row">
        <CardContent className="grid gap-3 pt-5">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="grid min-w-0 gap-1">
              <h3 id={headingId} className="font-semibold break-words text-fg" data-testid="device-name">
                {device.name}
              </h3>
              <p className="text-xs text-muted">
                {PLATFORMS.find((p) => p.value === device.platform)?.label ?? device.platform} · {device.ipv4} ·{" "}
                {device.keyMode === "browser" ? "key made in the browser" : "key kept by Skyport"}
              </p>
            </div>
            {device.status === "disabled" ? (
              <Badge tone="neutral">{device.disabledReason === "plan_limit" ? "Disabled (over plan limit)" : device.disabledReason === "admin" ? "Disabled by Skyport" : "Disabled"}</Badge>
            ) : device.online ? (
              <Badge tone="success" dot>
                Online
              </Badge>
            ) : (
              <Badge tone="neutral" dot>
                Offline
              </Badge>
            )}
          </div>
          <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs text-muted">Last handshake</dt>
              <dd>{device.lastHandshake ?? "Never"}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Data this month</dt>
              <dd>{formatBytes(device.usageBytes)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Location</dt>
              <dd>{device.lastLocation ?? "—"}</dd>
            </div>
          </dl>
          {error && (
            <Alert tone="danger" live action={/upgrade/i.test(error) ? <ButtonLink href={upgradeHref} size="sm" variant="secondary">Upgrade</ButtonLink> : undefined}>
              {error}
            </Alert>
          )}
          {renaming && (
            <form onSubmit={rename.onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
              <input type="hidden" name="deviceId" value={device.id} />
              <FormField label="New name" name="name" error={rename.fieldError("name") ?? errorOf(rename.result)} className="min-w-0 flex-1">
                <Input id={`rename-${device.id}`} name="name" defaultValue={device.name} maxLength={50} autoComplete="off" />
              </FormField>
              <Button type="submit" size="sm" loading={rename.pending}>
                Save name
              </Button>
              <Button type="button" size="sm" variant="ghost" onClick={() => setRenaming(false)}>
                Cancel
              </Button>
            </form>
          )}
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={onToggle} aria-expanded={expanded}>
              {expanded ? "Hide configuration" : "Get configuration"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRenaming(true)}>
              Rename
            </Button>
            <form onSubmit={toggle.onSubmit}>
              <input type="hidden" name="deviceId" value={device.id} />
              <input type="hidden" name="enabled" value={device.status === "active" ? "false" : "true"} />
              <Button type="submit" size="sm" variant="ghost" loading={toggle.pending}>
                {device.status === "active" ? "Disable" : "Enable"}
              </Button>
            </form>
            <Button size="sm" variant="ghost" onClick={confirm.onOpen}>
              Delete
            </Button>
          </div>
          {expanded && <ConfigPanel device={device} locations={locations} privateKey={privateKey} onKey={onKey} />}
          <form id={`delete-${device.id}`} onSubmit={remove.onSubmit} hidden>
            <input type="hidden" name="deviceId" value={device.id} />
          </form>
          <ConfirmDialog
            open={confirm.open}
            onClose={confirm.onClose}
            title={<>Delete the device “{device.name}”?</>}
            description="Its configurations stop working on every location at once. This can't be undone."
            confirmLabel="Delete device"
            loading={remove.pending}
            onConfirm={() => (document.getElementById(`delete-${device.id}`) as HTMLFormElement | null)?.requestSubmit()}
          />
        </CardContent>
      </Card>
    </li>
  );
}

function ConfigPanel({
  device,
  locations,
  privateKey,
  onKey,
}: {
  device: ClientDevice;
  locations: ClientLocation[];
  privateKey: string | null;
  onKey: (privateKey: string) => void;
}) {
  const recommended = locations.find((l) => l.recommended) ?? locations[0];
  const [location, setLocation] = useState(recommended?.slug ?? "");
  const [config, setConfig] = useState<{ filename: string; text: string; location: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!config) return setQr(null);
    QRCode.toDataURL(config.text, { errorCorrectionLevel: "M", margin: 1, width: 280 }).then(setQr, () => setQr(null));
  }, [config]);

  const fetchConfig = (purpose: "view" | "download") =>
    new Promise<{ filename: string; text: string; location: string } | null>((resolve) => {
      start(async () => {
        const fd = new FormData();
        fd.set("deviceId", device.id);
        fd.set("location", location);
        fd.set("purpose", purpose);
        if (passwordRef.current) fd.set("password", passwordRef.current.value);
        const result = await deviceConfigAction(fd);
        if (!result.ok) {
          setError(errorOf(result) ?? "Couldn't get the configuration");
          return resolve(null);
        }
        setError(null);
        let text = result.data.text;
        if (result.data.placeholder) {
          if (!privateKey) {
            setError("This browser no longer has the device's private key. Make a new key to get a configuration.");
            return resolve(null);
          }
          text = text.replace(result.data.placeholder, privateKey);
        }
        const next = { filename: result.data.filename, text, location: result.data.location };
        setConfig(next);
        resolve(next);
      });
    });

  const rotate = () =>
    start(async () => {
      const fd = new FormData();
      fd.set("deviceId", device.id);
      let pair: BrowserKeyPair | null = null;
      if (device.keyMode === "browser") {
        pair = await generateBrowserKeyPair();
        fd.set("publicKey", pair.publicKey);
      } else fd.set("keyMode", "server");
      const result = await rotateDeviceKeyAction(fd);
      if (!result.ok) return setError(errorOf(result) ?? "Couldn't make a new key");
      setError(null);
      setConfig(null);
      if (pair) onKey(pair.privateKey);
    });

  const downloadZip = () =>
    start(async () => {
      const fd = new FormData();
      fd.set("deviceId", device.id);
      fd.set("password", passwordRef.current?.value ?? "");
      const result = await deviceConfigZipAction(fd);
      if (!result.ok) return setError(errorOf(result) ?? "Couldn't make the zip");
      setError(null);
      downloadBlob(result.data.filename, new Blob([base64ToBytes(result.data.base64)], { type: "application/zip" }));
    });

  const needsKey = device.keyMode === "browser" && !privateKey;

  return (
    <div className="grid gap-3 rounded-md border border-border p-3" data-testid="config-panel">
      {device.keyMode === "browser" ? (
        <p className="text-sm text-muted">
          The private key of this device was made in your browser and never left it. Skyport doesn&apos;t store it, so a configuration
          can only be shown while this page is open after adding the device or making a new key.
        </p>
      ) : (
        <p className="text-sm text-muted">Skyport keeps this device&apos;s key encrypted. Enter your password to show or download a configuration.</p>
      )}
      {error && (
        <Alert tone="danger" live>
          {error}
        </Alert>
      )}
      {needsKey ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" onClick={rotate} loading={pending}>
            Make a new key in this browser
          </Button>
          <span className="text-xs text-muted">Configurations made with the old key stop working.</span>
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Location" name={`location-${device.id}`}>
              <Select
                id={`location-${device.id}`}
                value={location}
                onChange={(e) => {
                  setLocation(e.target.value);
                  setConfig(null);
                }}
                options={locations.map((l) => ({
                  value: l.slug,
                  label: `${l.name} (${l.city})${l.recommended ? " – recommended" : ""}${l.vip ? " – VIP" : ""}`,
                }))}
              />
            </FormField>
            {device.keyMode === "server" && (
              <FormField label="Your password" name={`password-${device.id}`}>
                <Input id={`password-${device.id}`} ref={passwordRef} type="password" autoComplete="current-password" />
              </FormField>
            )}
          </div>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={() => void fetchConfig("view")} loading={pending} disabled={!location}>
              Show configuration
            </Button>
            <Button
              size="sm"
              onClick={async () => {
                const c = await fetchConfig("download");
                if (c) downloadText(c.filename, c.text);
              }}
              disabled={!location || pending}
            >
              Download config
            </Button>
          </div>
        </div>
      )}
      {config && (
        <div className="grid gap-3 md:grid-cols-[auto_1fr]">
          {qr && (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={qr} alt={`QR code of the configuration for ${config.location}`} width={220} height={220} className="rounded bg-[#fff] p-1" />
          )}
          <pre className="max-h-72 overflow-auto rounded bg-bg-subtle p-3 text-xs" data-testid="config-text">
            {config.text}
          </pre>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {!needsKey && (
          <Button size="sm" variant="ghost" onClick={rotate} loading={pending}>
            Rotate key
          </Button>
        )}
        {device.keyMode === "server" && (
          <Button size="sm" variant="ghost" onClick={downloadZip} loading={pending}>
            Download all locations (zip)
          </Button>
        )}
      </div>
    </div>
  );
}
