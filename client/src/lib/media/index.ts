/** Live video for the pages: plain TypeScript over livekit-client; components only subscribe to `state`. */
export { setupLiveRoom, classifyDeviceError, type LiveRoom, type LiveRoomState, type MediaDeviceError, type MediaRoom } from './live-room.ts';
export { setupStudio, type Studio, type StudioState, type StudioDevices } from './studio.ts';
export { layoutTiles, type Tile, type AudioSource } from './layout.ts';
export { externalStreamEmbed } from './external-stream.ts';
export type { Readable } from './store.ts';
