/**
 * Types of the messages between the extension host and the timeline webview, inferred from their schemas in
 * {@link ./webview-schema}. Type-only: the webview bundle imports this module and nothing of zod.
 *
 * @module
 */
import type { z } from 'zod';
import type * as s from './webview-schema';

export type { Breakpoint } from '@plugbench/sdk/timeline';

/** What the user asked for in the view. */
export type TimelineIntent = z.infer<typeof s.IntentSchema>;
/** What the panel keeps across a reload (`getState`/`setState`): enough to run the fixture again to the cursor. */
export type PanelState = z.infer<typeof s.PanelStateSchema>;
/** The session, as the panel's status line shows it. */
export type PanelStatus = z.infer<typeof s.PanelStatusSchema>;
/** Host to webview. */
export type HostToWebview = z.infer<typeof s.HostToWebviewSchema>;
/** What the view shows, measured. */
export type ViewProbe = z.infer<typeof s.ViewProbeSchema>;
/** Webview to host. */
export type WebviewToHost = z.infer<typeof s.WebviewToHostSchema>;
/** How the comparison panel shows the two timelines. */
export type CompareLayout = z.infer<typeof s.CompareLayoutSchema>;
/** A record where a run differs from its golden timeline, at each side's round. */
export type CompareDifference = z.infer<typeof s.CompareDifferenceSchema>;
/** Host to comparison webview. */
export type HostToCompare = z.infer<typeof s.HostToCompareSchema>;
/** Comparison webview to host. */
export type CompareToHost = z.infer<typeof s.CompareToHostSchema>;
