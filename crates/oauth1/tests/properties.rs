//! Properties that must hold for any input, not just the published vectors.

use oauth1::{normalize_parameters, percent_decode, percent_encode};
use proptest::prelude::*;

proptest! {
    #[test]
    fn percent_encoding_round_trips_any_utf8(input in any::<String>()) {
        let encoded = percent_encode(&input);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), Some(input));
    }

    #[test]
    fn normalization_ignores_the_order_parameters_came_in(
        params in proptest::collection::vec((".{0,6}", ".{0,6}"), 0..12),
        seed in any::<u64>(),
    ) {
        let mut shuffled = params.clone();
        // A deterministic Fisher-Yates shuffle driven by the seed.
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        prop_assert_eq!(normalize_parameters(params), normalize_parameters(shuffled));
    }

    #[test]
    fn formatted_headers_parse_back_to_their_parameters(
        params in proptest::collection::vec(("[a-z_]{1,12}", ".{0,12}"), 0..8),
    ) {
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let header = oauth1::format_authorization(None, &borrowed);
        prop_assert_eq!(oauth1::parse_authorization(&header), Some(params));
    }

    #[test]
    fn arbitrary_headers_parse_or_are_refused_without_panicking(header in ".{0,80}") {
        if let Some(params) = oauth1::parse_authorization(&format!("OAuth {header}")) {
            prop_assert!(params.iter().all(|(name, _)| !name.is_empty()));
        }
    }
}
