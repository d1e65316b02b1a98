/** Live video for the pages: plain TypeScript over livekit-client; components only read `state.current`. */
export { setupLiveRoom, classifyDeviceError, type LiveRoom, type LiveRoomState, type MediaDeviceError, type MediaRoom } from './live-room.ts';
export { setupStudio, type Studio, type StudioState, type StudioDevices } from './studio.ts';
export { layoutTiles, type Tile, type AudioSource } from './layout.ts';
export { externalStreamEmbed } from './external-stream.ts';
