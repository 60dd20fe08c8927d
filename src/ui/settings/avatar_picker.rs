//! "Your picture" in the settings: choose an image, and Palaver publishes it as your avatar
//! (XEP-0084), scaled and cropped to a 96×96 PNG in the browser first, so what goes to the
//! server is small and of a type every client shows; or remove it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client::expect_client;
use crate::store::Store;

/// The side of the square avatar we publish, in pixels (XEP-0084 §8 suggests 32 to 96).
const SIDE: u32 = 96;

/// The file chooser, the current picture and a remove button.
#[component]
pub fn AvatarPicker() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let problem = RwSignal::new(None::<String>);
    let has_picture = move || {
        store
            .own_bare_tracked()
            .is_some_and(|own| store.avatars.with(|a| a.contains_key(&own)))
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        problem.set(None);
        leptos::task::spawn_local(async move {
            match square_png(&file).await {
                Some(png) => {
                    if let Err(e) = client.set_avatar(png, SIDE, SIDE) {
                        problem.set(Some(format!("Could not save the picture: {e}.")));
                    }
                }
                None => problem.set(Some("That file is not an image Palaver can read.".into())),
            }
        });
    };
    let remove = move |_| {
        if let Err(e) = client.remove_avatar() {
            problem.set(Some(format!("Could not remove the picture: {e}.")));
        }
    };
    view! {
        <fieldset class="avatar-picker">
            <legend>"Your picture"</legend>
            <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" data-testid="settings-avatar"
                aria-label="Choose a picture" on:change=on_change/>
            <Show when=has_picture>
                <button type="button" class="link-button" data-testid="settings-avatar-remove" on:click=remove>"Remove"</button>
            </Show>
            {move || problem.get().or_else(|| store.avatar_status.get()).map(|text| view! {
                <p class="avatar-status" data-testid="settings-avatar-status" role="status">{text}</p>
            })}
        </fieldset>
    }
}

/// `file` decoded by the browser, cropped to its centre square and scaled to [`SIDE`] pixels,
/// as PNG bytes. `None` when the browser cannot decode it.
async fn square_png(file: &web_sys::File) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let (width, height) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let side = width.min(height);
    if side < 1.0 {
        return None;
    }
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(SIDE);
    canvas.set_height(SIDE);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            &bitmap,
            (width - side) / 2.0,
            (height - side) / 2.0,
            side,
            side,
            0.0,
            0.0,
            f64::from(SIDE),
            f64::from(SIDE),
        )
        .ok()?;
    bitmap.close();
    let url = canvas.to_data_url_with_type("image/png").ok()?;
    let encoded = url.strip_prefix("data:image/png;base64,")?;
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}
